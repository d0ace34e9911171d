/**
 * Just enough Markdown to check a page's links: what GitHub would render as a
 * link (inline links and images, reference definitions, autolinks, bare URLs
 * in prose, HTML href/src), with code blocks and code spans left out, and the
 * anchors GitHub gives headings.
 */

export interface Link {
  readonly target: string;
  /** 1-based line of the page the link is on. */
  readonly line: number;
}

const FENCE = /^ {0,3}(```|~~~)/;

/** The page with fenced code blocks blanked, lines kept in place. */
export const outsideFences = (markdown: string): string => {
  let inFence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const fence = FENCE.exec(line)?.[1];
      if (inFence !== undefined) {
        if (fence === inFence) inFence = undefined;
        return '';
      }
      if (fence !== undefined) inFence = fence;
      return fence === undefined ? line : '';
    })
    .join('\n');
};

/** What GitHub renders as text: no code blocks, no code spans, no HTML comments; lines kept in place. */
export const prose = (markdown: string): string =>
  outsideFences(markdown)
    .replace(/(`+)[^`\n]*?\1/g, '``')
    .replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ''));

const PATTERNS: readonly RegExp[] = [
  // [text](target "title") and ![alt](target), one level of brackets inside the text
  /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g,
  // [label]: target
  /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm,
  // <https://…> autolinks
  /<([a-z][a-z0-9+.-]*:[^\s>]*)>/gi,
  // bare URLs, which GitHub links too (without a closing full stop or comma)
  /(?<![(<"\w])(https?:\/\/[^\s)>\]]*[^\s)>\].,;:!?'"])/gi,
  // HTML
  /\b(?:href|src)\s*=\s*"([^"]*)"/gi,
];

export const links = (markdown: string): Link[] => {
  const text = prose(markdown);
  const found: { target: string; index: number }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      found.push({ target: match[1] ?? '', index: match.index });
    }
  }
  return found
    .sort((a, b) => a.index - b.index)
    .map(({ target, index }) => ({ target, line: text.slice(0, index).split('\n').length }));
};

/** The page with every inline link's target removed: what remains of its paths is text. */
export const withoutLinkTargets = (markdown: string): string =>
  markdown.replace(/(\]\()\s*<?[^)\s>]*>?(?:\s+"[^"]*")?\s*\)/g, '$1)');

/** GitHub's anchor for a heading's text: markup dropped, lower case, punctuation gone, spaces to hyphens. */
export const slug = (heading: string): string =>
  heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

/** Every anchor a page's headings get; a repeated heading gets `-1`, `-2`, … as on GitHub. */
export const anchors = (markdown: string): Set<string> => {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of outsideFences(markdown).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
};
