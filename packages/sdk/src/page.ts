/** One page of a paged listing and the token for the next page (absent on the last one). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPageToken?: string;
}

/** Calls `fetchPage` with each page token in turn and concatenates every page's items. */
export async function collectPages<T>(fetchPage: (pageToken?: string) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    all.push(...page.items);
    token = page.nextPageToken || undefined;
  } while (token !== undefined);
  return all;
}
