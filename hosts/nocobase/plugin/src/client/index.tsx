/**
 * The browser half of @target-kit/nocobase-plugin, loaded by NocoBase's requirejs: registers
 * the TargetKitRuleResult form component and the target-kit-rule node on the workflow canvas
 * (a branching node with its config form). Texts follow the user's UI language.
 */
import { Plugin } from '@nocobase/client';
import { TargetKitRuleResult } from './TargetKitRuleResult.js';
import { registerRuleNode } from './rule-node.js';
import { registerAlertsNode } from './alerts-node.js';
import { langOfI18n } from './ui-lang.js';
import { BONUS_COMPONENT } from '../../../contract.js';
import { BOARD_COMPONENT, POINTS_COMPONENT, LETTER_COMPONENT, RESULT_COMPONENT, SCORES_COMPONENT, SIMULATOR_COMPONENT } from '../../../contract.js';
import { TargetKitBoard } from './blocks/TargetKitBoard.js';
import { TargetKitScores } from './blocks/TargetKitScores.js';
import { TargetKitPoints } from './blocks/TargetKitPoints.js';
import { TargetKitSimulator } from './blocks/TargetKitSimulator.js';
import { TargetKitLetter } from './blocks/TargetKitLetter.js';
import { TargetKitBonus } from './blocks/TargetKitBonus.js';
import { TargetKitPipeline } from './blocks/TargetKitPipeline.js';
import { TargetKitIndicators } from './blocks/TargetKitIndicators.js';
import { TargetKitPhasing } from './blocks/TargetKitPhasing.js';
import { INDICATORS_COMPONENT, PHASING_COMPONENT, PIPELINE_COMPONENT } from '../../../contract.js';
import { registerBlockInitializers } from './block-initializers.js';

export class PluginTargetKitClient extends Plugin {
  override async load(): Promise<void> {
    this.app.addComponents({ [RESULT_COMPONENT]: TargetKitRuleResult });
    this.app.addComponents({ [BOARD_COMPONENT]: TargetKitBoard });
    this.app.addComponents({ [SCORES_COMPONENT]: TargetKitScores, [POINTS_COMPONENT]: TargetKitPoints });
    this.app.addComponents({ [SIMULATOR_COMPONENT]: TargetKitSimulator });
    this.app.addComponents({ [LETTER_COMPONENT]: TargetKitLetter });
    this.app.addComponents({ [BONUS_COMPONENT]: TargetKitBonus });
    this.app.addComponents({ [PIPELINE_COMPONENT]: TargetKitPipeline, [INDICATORS_COMPONENT]: TargetKitIndicators, [PHASING_COMPONENT]: TargetKitPhasing });
    registerRuleNode(this.app.pm.get('workflow'), langOfI18n(this.app.i18n));
    registerAlertsNode(this.app.pm.get('workflow'), langOfI18n(this.app.i18n));
    registerBlockInitializers(this.app, langOfI18n(this.app.i18n));
  }
}

export { TargetKitRuleResult };
export default PluginTargetKitClient;
