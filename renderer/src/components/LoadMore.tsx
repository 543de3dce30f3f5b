/** The "Load more" button under a paged list; hidden at the end of the list. */
export function LoadMore({ nextCursor, loading, onMore }: { nextCursor: string | null; loading: boolean; onMore(): void }) {
  if (nextCursor === null) return null
  return (
    <button type="button" onClick={onMore} disabled={loading}>
      {loading ? 'Loading…' : 'Load more'}
    </button>
  )
}
