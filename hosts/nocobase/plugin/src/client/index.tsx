/**
 * The browser half of @target-kit/nocobase-plugin, loaded by NocoBase's requirejs: registers
 * the TargetKitRuleResult form component and, when the workflow plugin is there, the
 * target-kit-rule node on the workflow canvas.
 */
import { Plugin } from '@nocobase/client';
import { TargetKitRuleResult } from './TargetKitRuleResult.js';
import { registerRuleNode } from './rule-node.js';

export class PluginTargetKitClient extends Plugin {
  override async load(): Promise<void> {
    this.app.addComponents({ TargetKitRuleResult });
    registerRuleNode(this.app.pm.get('workflow'));
  }
}

export { TargetKitRuleResult };
export default PluginTargetKitClient;
