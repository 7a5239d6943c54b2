import React, { useEffect, useState } from 'react';
import { Box, Button, Input, Label, Text } from '@adminjs/design-system';
import { apiGet } from './same-origin-api.js';

type Hit = { id: number; title: string; slug: string; language: string };

/**
 * Finds help-centre articles while an agent writes a reply and inserts a link to the chosen one
 * (`[Title](https://…/help/articles/slug)`); the portal renders it as a link.
 */
const ArticleLinkPicker: React.FC<{ onInsert(markdown: string): void }> = ({ onInsert }) => {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 3) {
      setHits([]);
      setMessage(null);
      return;
    }
    const timer = setTimeout(() => {
      apiGet<{ items: Hit[] }>(`/api/kb/search?match=any&limit=5&q=${encodeURIComponent(text)}`).then(
        (body) => {
          setHits(body.items);
          setMessage(body.items.length === 0 ? 'No published article matches.' : null);
        },
        (e: Error) => setMessage(e.message),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [q]);

  return (
    <Box mb="lg" data-testid="article-link-picker">
      <Label htmlFor="article-link-search">Insert a help-centre article link</Label>
      <Input
        id="article-link-search"
        width="100%"
        value={q}
        placeholder="Search articles, e.g. password"
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
      />
      {message && <Text mt="sm">{message}</Text>}
      <Box as="ul" mt="sm">
        {hits.map((hit) => (
          <li key={hit.id}>
            <Button
              type="button"
              size="sm"
              variant="text"
              data-testid="insert-article-link"
              onClick={() => onInsert(`[${hit.title}](${window.location.origin}/help/articles/${hit.slug})`)}
            >
              {`Insert “${hit.title}” (${hit.language})`}
            </Button>
          </li>
        ))}
      </Box>
    </Box>
  );
};

export default ArticleLinkPicker;
