import { Marked } from 'marked';
import { escapeHtml } from '../../core/plan';

/**
 * The plan's Markdown as HTML for the preview and the printable page. The plan already escapes
 * what people typed; this renderer adds a second wall: any raw HTML is shown as text, links
 * other than http(s) are dropped, and the Mermaid block is replaced by the canvas picture.
 */
export function renderPlanHtml(markdown: string, pictureDataUrl: string | null): string {
  const marked = new Marked({
    gfm: true,
    renderer: {
      html: ({ text }) => escapeHtml(text),
      link: ({ href, text }) => (/^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${escapeHtml(text)}</a>` : escapeHtml(text)),
      image: ({ text }) => escapeHtml(text),
      code: ({ text, lang }) => {
        if (lang === 'mermaid') {
          return pictureDataUrl ? `<figure class="plan-picture"><img src="${pictureDataUrl}" alt="The map, findings drawn"></figure>` : '<p><em>(The map picture appears in the downloaded Markdown as a Mermaid flowchart.)</em></p>';
        }
        return `<pre><code class="language-${escapeHtml(lang ?? 'text')}">${escapeHtml(text)}</code></pre>`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}
