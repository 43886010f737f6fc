import { Marked } from 'marked';
import { escapeHtml } from '../../core/plan';
import { breakLongWords } from './breakLongWords';

/** A picture for the printable plan: a data URL, and what it shows for a screen reader. */
export interface PlanPicture {
  url: string;
  alt: string;
}

/**
 * The plan's Markdown as HTML for the preview and the printable page. The plan already escapes
 * what people typed; this renderer adds a second wall: any raw HTML is shown as text, links
 * other than http(s) are dropped, and each Mermaid block is replaced by its picture, in order
 * (planPictures.ts: the redesign's, when the map has one, then today's map).
 */
export function renderPlanHtml(markdown: string, pictures: readonly (PlanPicture | null)[]): string {
  let drawn = 0;
  const marked = new Marked({
    gfm: true,
    renderer: {
      html: ({ text }) => escapeHtml(text),
      link: ({ href, text }) => (/^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${escapeHtml(text)}</a>` : escapeHtml(text)),
      image: ({ text }) => escapeHtml(text),
      tablecell(cell) {
        const tag = cell.header ? 'th' : 'td';
        return `<${tag}>${breakLongWords(this.parser.parseInline(cell.tokens))}</${tag}>\n`;
      },
      code: ({ text, lang }) => {
        if (lang === 'mermaid') {
          const picture = pictures[drawn++];
          return picture
            ? `<figure class="plan-picture"><img src="${escapeHtml(picture.url)}" alt="${escapeHtml(picture.alt)}"></figure>`
            : '<p><em>(The map picture appears in the downloaded Markdown as a Mermaid flowchart.)</em></p>';
        }
        return `<pre><code class="language-${escapeHtml(lang ?? 'text')}">${escapeHtml(text)}</code></pre>`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}
