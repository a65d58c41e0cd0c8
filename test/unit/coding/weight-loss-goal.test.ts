import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../../helpers/coder.js';
import { icdStarterSources } from '../../helpers/packs.js';

/** Alphabetic Index "Loss, weight (abnormal) (cause unknown) R63.4": a weight loss worked toward is no symptom. */
describe.skipIf(!icdStarterSources())('coding: weight loss as a goal', () => {
  const { codesOf } = useIcdCoder();

  it('does not code R63.4 for a weight loss plan or praised weight loss, but does for an unexplained one', async () => {
    expect(await codesOf(['ASSESSMENT:', '1. Obesity. We discussed a weight loss plan and a dietitian will see him.'].join('\n'))).not.toContain('R63.4');
    expect(await codesOf(['ASSESSMENT:', '1. Hypertension. She reports a weight loss of three pounds since the last visit. She was commended for her work on her diet.'].join('\n'))).not.toContain('R63.4');
    expect(await codesOf(['ASSESSMENT:', '1. Weight loss of twenty pounds over two months, cause unknown.'].join('\n'))).toContain('R63.4');
  });
});
