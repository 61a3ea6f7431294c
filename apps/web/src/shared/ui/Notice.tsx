/** A polite announcement of a finished action (screen readers read it without moving focus). */
export function Notice({ children, kind = 'success' }: { children: React.ReactNode; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}
