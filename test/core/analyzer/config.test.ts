import { describe, expect, it } from 'vitest';
import { type AnalyzeOptions, type AnalyzerConfig, analyze, analyzeWithProblems, resolveSettings, ruleMeta, rules, RULE_IDS } from '../../../src/core/analyzer';
import { line } from './build';
import { loadMap } from './fixtures';

const example = () => loadMap('contract-review.json');
const of = (rule: string, map = example(), config?: AnalyzeOptions) => analyze(map, config).findings.filter((f) => f.rule === rule);

describe('the rule registry', () => {
  it('holds exactly the eight rules of docs/rules, in RULE_IDS order, each with its meta', () => {
    expect(rules.map((r) => r.meta.id)).toEqual([...RULE_IDS]);
    for (const rule of rules) {
      expect(rule.meta.why.length).toBeGreaterThan(20);
      expect(rule.meta.fix.length).toBeGreaterThan(20);
    }
    expect(ruleMeta('approval-chain')).toMatchObject({ surface: 'workflow', defaultSeverity: 'warning', defaultOptions: { minApprovals: 3 } });
    expect(ruleMeta('unverified-ai-output')?.surface).toBe('governance');
    expect(ruleMeta('override-rate')).toMatchObject({ surface: 'evaluation', defaultOptions: { maxOverrideRate: 0.15 } });
    expect(ruleMeta('dangling-step')?.surface).toBe('architecture');
    expect(ruleMeta('no-such-rule')).toBeUndefined();
  });
});

describe('rule settings', () => {
  it('turns a rule off: its findings disappear', () => {
    expect(of('human-join', example(), { config: { rules: { 'human-join': 'off' } } })).toEqual([]);
  });

  it('replaces the severity of every finding of a configured rule, like a linter', () => {
    const severities = of('human-join', example(), { config: { rules: { 'human-join': 'info' } } }).map((f) => f.severity);
    expect(severities).toEqual(['info', 'info']);
  });

  it('keeps findings that only say a number is missing at info', () => {
    const map = line([{ id: 'a', kind: 'ai', owner: 'Ops' }]);
    expect(of('override-rate', map, { config: { rules: { 'override-rate': 'error' } } }).map((f) => f.severity)).toEqual(['info']);
  });

  it('applies defaults, then the map’s settings, then the config file', () => {
    const mapSettings: AnalyzerConfig = { rules: { 'verification-exceeds-work': ['warning', { errorRatio: 2, warningRatio: 1.2 }] } };
    const map = { ...example(), settings: mapSettings };
    // 50 / 45 = 1.11 < 1.2: the map's thresholds silence the finding
    expect(of('verification-exceeds-work', map)).toEqual([]);
    // the config file's warningRatio merges over the map's options; its severity wins
    const merged = of('verification-exceeds-work', map, { config: { rules: { 'verification-exceeds-work': ['error', { warningRatio: 1 }] } } });
    expect(merged.map((f) => f.severity)).toEqual(['error']);
    const { settings } = resolveSettings([
      { source: 'map', config: map.settings },
      { source: 'config', config: { rules: { 'verification-exceeds-work': ['error', { warningRatio: 1 }] } } },
    ]);
    expect(settings['verification-exceeds-work']).toEqual({ severity: 'error', options: { errorRatio: 2, warningRatio: 1 } });
    expect(settings['human-join']).toEqual({ severity: undefined, options: {} });
  });

  it('reads thresholds and placeholders from options', () => {
    const map = line([{ id: 'a', kind: 'ai', owner: 'Nobody yet', overrideRate: 0.3 }]);
    const config: AnalyzerConfig = {
      rules: { 'no-accountable-owner': ['error', { placeholders: ['nobody yet'] }], 'override-rate': ['warning', { maxOverrideRate: 0.5 }] },
    };
    const result = analyze(map, { config });
    expect(result.findings.filter((f) => f.rule === 'no-accountable-owner').map((f) => f.message)).toEqual(["'a' is owned by 'Nobody yet', which names nobody"]);
    expect(result.findings.filter((f) => f.rule === 'override-rate')).toEqual([]);
  });

  it('ignores unknown rules and mistyped options, and names them', () => {
    const { result, problems } = analyzeWithProblems(example(), {
      config: { rules: { 'human-joins': 'off', 'approval-chain': ['warning', { minApproval: 2, minApprovals: 'two' }] } },
    });
    expect(result.findings.filter((f) => f.rule === 'human-join')).toHaveLength(2);
    expect(problems).toEqual([
      { source: 'config', kind: 'ignored', path: 'rules.human-joins', message: "unknown rule 'human-joins' (did you mean 'human-join'?)" },
      { source: 'config', kind: 'ignored', path: 'rules.approval-chain[1].minApproval', message: "unknown option 'minApproval' (options: minApprovals)" },
      { source: 'config', kind: 'ignored', path: 'rules.approval-chain[1].minApprovals', message: 'must be a number ≥ 0, got "two"; the setting is ignored' },
    ]);
  });

  it('never throws on a malformed config, and says what is malformed', () => {
    const garbage = [null, 42, 'error', { rules: 7 }, { rules: { 'human-join': 'eror' } }, { rules: { 'human-join': ['error'] } }, { rulez: {} }];
    for (const config of garbage) {
      const { problems } = analyzeWithProblems(example(), { config: config as never });
      if (config !== null) expect(problems.some((p) => p.kind === 'shape')).toBe(true);
    }
    const { problems } = analyzeWithProblems(example(), { config: { rules: { 'human-join': 'eror' } } as never });
    expect(problems).toEqual([
      { source: 'config', kind: 'shape', path: 'rules.human-join', message: 'must be one of off, info, warning, error, or [severity, { options }]' },
    ]);
  });
});

describe('rule ids in settings', () => {
  it('reports a rule named after an Object property (constructor, toString, __proto__) instead of failing the analysis', () => {
    const map = { ...example(), settings: { rules: JSON.parse('{"constructor": "off", "toString": ["error", {}], "__proto__": "off"}') } };
    const { result, problems } = analyzeWithProblems(map);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['settings.rules.constructor', 'settings.rules.toString']));
    expect(problems.every((p) => p.kind === 'ignored' && p.message.startsWith('unknown rule'))).toBe(true);
  });
});
