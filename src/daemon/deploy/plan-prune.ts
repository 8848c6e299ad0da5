// Decides which release images to delete: only this service's, never the live or rollback ones.

/** A release as retention sees it. */
export interface RetainedRelease {
  id: string;
  createdAt: number;
}

/** Ids to delete: everything past the newest `keep`, except the `protectedIds`. Pure. */
export function planPrune(
  releases: RetainedRelease[],
  keep: number,
  protectedIds: Set<string>,
): string[] {
  const newestFirst = [...releases].sort(
    (a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1),
  );
  return newestFirst
    .slice(keep)
    .map((r) => r.id)
    .filter((id) => !protectedIds.has(id));
}
