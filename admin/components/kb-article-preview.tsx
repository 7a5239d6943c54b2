import React, { useEffect, useState } from 'react';
import { ApiClient, type ActionProps } from 'adminjs';
import { Badge, Box, Button, H3, H5, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { apiUpload } from './same-origin-api.js';

const api = new ApiClient();
type Uploaded = { id: number; url: string; markdown: string };

/**
 * The article page of the back office: its facts, the body as the help centre will show it (rendered
 * by the same code), and image upload into the attachment store, giving the markdown line to paste.
 */
const KbArticlePreview: React.FC<ActionProps> = ({ record, resource }) => {
  const params = record?.params ?? {};
  const populated = record?.populated ?? {};
  const [preview, setPreview] = useState<{ html: string; tags: string[] } | null>(null);
  const [uploaded, setUploaded] = useState<Uploaded[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api
      .recordAction({ resourceId: resource.id, recordId: record?.id ?? '', actionName: 'preview' })
      .then((res) => setPreview((res.data as unknown as { preview: { html: string; tags: string[] } }).preview));
  }, [record?.id, params.updated_at]);

  const upload = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.set('file', file, file.name);
    try {
      const image = await apiUpload<Uploaded>(`/api/kb/articles/${record?.id ?? ''}/images`, form);
      setUploaded((list) => [...list, image]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      event.target.value = '';
    }
  };

  const published = params.status === 'published';
  const audience =
    params.visibility === 'organization'
      ? `customers of ${String(populated.organization_id?.title ?? 'one organization')}`
      : params.visibility === 'signed_in'
        ? 'signed-in customers'
        : 'everyone';
  return (
    <Box variant="container" data-testid="kb-article-preview">
      <H3>{String(params.title ?? '')}</H3>
      <Box flex flexDirection="row" style={{ gap: 8 }} mb="lg">
        <Badge variant={published ? 'success' : 'secondary'} data-testid="kb-article-status">
          {published ? 'published' : 'draft'}
        </Badge>
        <Badge variant="primary">{`for ${audience}`}</Badge>
        <Badge>{String(params.language ?? '')}</Badge>
        {(preview?.tags ?? []).map((tag) => (
          <Badge key={tag} variant="info">
            {tag}
          </Badge>
        ))}
      </Box>
      <Text mb="default">
        {published ? (
          <a href={`/help/articles/${String(params.slug)}`} target="_blank" rel="noopener noreferrer">
            {`Open /help/articles/${String(params.slug)} in the help centre`}
          </a>
        ) : (
          'A draft: only staff see it here. Publish it to show it in the help centre.'
        )}
      </Text>
      <Text mb="lg">{`Last reviewed: ${params.last_reviewed_at ? new Date(String(params.last_reviewed_at)).toLocaleDateString() : 'never'}`}</Text>

      <H5>Preview</H5>
      <Box
        p="lg"
        mb="xl"
        style={{ border: '1px solid #c4cad3', borderRadius: 6, maxWidth: 760 }}
        data-testid="kb-article-body"
        // The same renderer as the help centre: raw HTML escaped, links and images restricted.
        dangerouslySetInnerHTML={{ __html: preview?.html ?? '' }}
      />

      <H5>Images</H5>
      <Label htmlFor="kb-image">Add an image (PNG, JPEG, GIF or WebP)</Label>
      <Input
        id="kb-image"
        type="file"
        accept="image/png,image/jpeg,image/gif,image/webp"
        onChange={upload}
        disabled={busy}
        data-testid="kb-image-input"
      />
      {error && <MessageBox variant="danger" message={error} mt="default" />}
      {uploaded.map((image) => (
        <Box key={image.id} mt="default" flex flexDirection="row" alignItems="center" style={{ gap: 8 }}>
          <code data-testid="kb-image-markdown">{image.markdown}</code>
          <Button type="button" size="sm" onClick={() => void navigator.clipboard?.writeText(image.markdown)}>
            Copy
          </Button>
        </Box>
      ))}
      {uploaded.length > 0 && <Text mt="sm">Paste the line into the body (Edit) where the image should appear.</Text>}
    </Box>
  );
};

export default KbArticlePreview;
