/**
 * Prometheus's text exposition format (version 0.0.4) for the server's own few families: plain
 * numbers kept by metrics.ts, written out at a scrape. prom-client, which writes the process's
 * figures, is loaded only then (metrics.ts), so these cannot be its objects.
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

/** A counter or gauge: one value per label set. */
export interface ValueFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: readonly { labels?: Labels; value: number }[];
}

/** A histogram without labels: counts per bucket (each counting only its own range, not cumulative), their sum and count. */
export interface HistogramFamily {
  name: string;
  help: string;
  type: 'histogram';
  /** Upper bounds, ascending, without +Inf. */
  buckets: readonly number[];
  /** One more than `buckets`: the last counts what is above every bound. */
  counts: readonly number[];
  sum: number;
  count: number;
}

export type Family = ValueFamily | HistogramFamily;

export function familiesText(families: readonly Family[]): string {
  let text = '';
  for (const family of families) {
    text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    if (family.type === 'histogram') {
      let cumulative = 0;
      family.buckets.forEach((bound, i) => {
        cumulative += family.counts[i];
        text += `${family.name}_bucket{le="${bound}"} ${cumulative}\n`;
      });
      text += `${family.name}_bucket{le="+Inf"} ${family.count}\n${family.name}_sum ${family.sum}\n${family.name}_count ${family.count}\n`;
    } else {
      for (const { labels, value } of family.samples) text += `${family.name}${labelsText(labels)} ${value}\n`;
    }
  }
  return text;
}

function labelsText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length === 0 ? '' : `{${entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => escapeHelp(text).replace(/"/g, '\\"');
