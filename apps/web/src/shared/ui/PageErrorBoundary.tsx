import { Component, ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';

/**
 * What a page that failed to load or render shows instead of a blank screen (the header and the
 * navigation stay usable). Keyed by the route by its parent, so moving to another page resets it.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error) return <ErrorMessage error={this.state.error} onRetry={() => window.location.reload()} />;
    return this.props.children;
  }
}
