/**
 * Exports of a map, framework-free: the redesign plan (Markdown), the map as a Mermaid
 * flowchart and back, the findings as CSV. Map (and analysis) in, text out; the page, the server
 * and the command line call these.
 */
export { planMarkdown, planTitle, PLAN_SECTIONS, APPENDIX_PREFIX, MERMAID_MAX_TEXT, type PlanOptions } from './plan';
export { mapToMermaid, mermaidFile, stateToMermaid, edgeText, HANDOFF_ARROWS, NODE_SHAPES, kindClass } from './mermaid';
export { mermaidToMap, type MermaidImportResult } from './mermaid-import';
export { mermaidLeavesOut } from './mermaid-losses';
export { findingsCsv, CSV_COLUMNS } from './csv';
export { rolloutGate, rolloutGateYaml, rollbackRate, type RolloutGate } from './rollout-gate';
export { THIRTY_DAY_GATES } from './thirty-days';
export { escapeHtml, escapeMarkdown, mermaidText, yamlString, csvField, decodeEntities, oneLine, stripBidi, BIDI_CONTROLS } from './escape';
