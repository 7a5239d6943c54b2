import { describe, expect, it } from 'vitest';
import { highlightedHtml } from './highlight-html.js';

describe('highlightedHtml', () => {
  it('escapes everything and turns only the match marks into <mark>', () => {
    expect(highlightedHtml('a <img src=x onerror=alert(1)> \u0001match\u0002 & "q"')).toBe(
      'a &lt;img src=x onerror=alert(1)&gt; <mark>match</mark> &amp; &quot;q&quot;',
    );
  });

  it('balances a mark left open or closed twice', () => {
    expect(highlightedHtml('\u0001cut off')).toBe('<mark>cut off</mark>');
    expect(highlightedHtml('x\u0002\u0002 \u0001\u0001y\u0002')).toBe('x <mark>y</mark>');
  });
});
