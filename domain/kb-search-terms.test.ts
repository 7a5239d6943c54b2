import { describe, expect, it } from 'vitest';
import { anyWordPrefixQuery } from './kb-search-terms.js';
import { slugify } from './kb-schemas.js';

describe('anyWordPrefixQuery', () => {
  it('joins words with OR and makes the word being typed a prefix', () => {
    expect(anyWordPrefixQuery('Printer prints bla')).toBe('Printer | prints | bla:*');
  });

  it('drops operators and punctuation, so typing cannot break or widen the query', () => {
    expect(anyWordPrefixQuery("a & b | !c:* (d) 'e'")).toBe('a | b | c | d | e');
    expect(anyWordPrefixQuery('&|!():*')).toBeNull();
  });

  it('keeps letters of every script and leaves short last words whole', () => {
    expect(anyWordPrefixQuery('Größe ändern zu')).toBe('Größe | ändern | zu');
  });
});

describe('slugify', () => {
  it('makes URL names from titles in any language', () => {
    expect(slugify('Réinitialiser le mot de passe')).toBe('reinitialiser-le-mot-de-passe');
    expect(slugify('Straße & Größe!')).toBe('strasse-grosse');
    expect(slugify('???')).toBe('article');
  });
});
