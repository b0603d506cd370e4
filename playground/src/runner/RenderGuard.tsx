/** Keeps one broken form from taking the whole runner down: shows why it cannot render. */
import { Alert } from 'antd';
import { Component, type ReactNode } from 'react';

interface RenderGuardProps {
  title: string;
  children: ReactNode;
}

export class RenderGuard extends Component<RenderGuardProps, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <Alert type="error" showIcon message={this.props.title} description={error.message} />;
  }
}
