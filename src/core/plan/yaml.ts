import { yamlString } from './escape';

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/**
 * Block-style YAML for plain data. Keys are the exporter's own identifiers; every string value
 * is a double-quoted scalar (yamlString), so nothing a person typed can start a key, a comment,
 * an anchor or a new document.
 */
export function toYaml(value: YamlValue): string {
  return `${lines(value, '').join('\n')}\n`;
}

function scalar(value: YamlValue): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (!Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function lines(value: YamlValue, indent: string): string[] {
  const inline = scalar(value);
  if (inline !== undefined) return [`${indent}${inline}`];
  if (Array.isArray(value)) {
    return value.flatMap((item: YamlValue) => {
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  return Object.entries(value as { readonly [key: string]: YamlValue }).flatMap(([key, item]) => {
    const short = scalar(item);
    return short !== undefined ? [`${indent}${key}: ${short}`] : [`${indent}${key}:`, ...lines(item, `${indent}  `)];
  });
}
