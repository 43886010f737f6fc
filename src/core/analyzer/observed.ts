import type { Step } from '../model';
import type { ResolvedSetting } from './config';
import { type RuleId, SURFACES, type Surface } from './types';

/**
 * Which failure surfaces the rules can observe on this map, and why the others cannot be: a
 * surface no rule can see is "not assessed", never "sound". Stabilization has no rule (the map
 * does not show how the line behaves under real load); evaluation needs an AI step with its
 * override rate recorded; governance needs an AI step; workflow needs a work step; architecture
 * is observed on every map (a map with no start or end is itself incomplete). A surface whose
 * rules are all turned off is not assessed either.
 */
export function unobservedSurfaces(steps: readonly Step[], settings: Record<RuleId, ResolvedSetting>): Partial<Record<Surface, string>> {
  const on = (rule: RuleId) => settings[rule].severity !== 'off';
  const ai = steps.filter((s) => s.kind === 'ai');
  const work = steps.some((s) => s.kind !== 'start' && s.kind !== 'end');
  const why: Partial<Record<Surface, string>> = {};
  const judge = (surface: Surface, rules: RuleId[], canSee: [boolean, string][]) => {
    if (!rules.some(on)) {
      why[surface] = `its rule${rules.length === 1 ? ' is' : 's are'} turned off`;
      return;
    }
    const blind = canSee.find(([seen]) => !seen);
    if (blind) why[surface] = blind[1];
  };
  why.stabilization = 'no rule observes it: the map does not show how the line behaves under real load';
  judge('architecture', ['dangling-step'], []);
  const aiRules: RuleId[] = ['human-join', 'verification-exceeds-work', 'approval-chain', 'work-did-not-move'];
  const workflowSees = (on('no-accountable-owner') && work) || (aiRules.some(on) && ai.length > 0);
  judge('workflow', ['no-accountable-owner', ...aiRules], [[workflowSees, work ? 'the map has no AI step' : 'the map has no work step']]);
  judge('evaluation', ['override-rate'], [
    [ai.length > 0, 'the map has no AI step'],
    [ai.some((s) => s.overrideRate !== undefined), 'no AI step records its override rate'],
  ]);
  judge('governance', ['unverified-ai-output'], [[ai.length > 0, 'the map has no AI step']]);
  return Object.fromEntries(SURFACES.flatMap((s) => (why[s] ? [[s, why[s]]] : []))) as Partial<Record<Surface, string>>;
}
