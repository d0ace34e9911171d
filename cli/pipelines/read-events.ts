// Events as a user hands them over: a JSON array, one JSON event, or NDJSON, line by line.

export type InputEntry =
  | { readonly line: number; readonly event: unknown }
  | { readonly line: number; readonly error: string };

export const readEvents = (text: string): InputEntry[] => {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const whole: unknown = JSON.parse(trimmed);
    // A JSON array is a list of events: `line` is then the position in it, from 1.
    if (Array.isArray(whole)) return whole.map((event, index) => ({ line: index + 1, event }));
    return [{ line: 1, event: whole }];
  } catch {
    // Not one JSON document: NDJSON.
  }
  const entries: InputEntry[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    if (content.trim() === '') return;
    try {
      entries.push({ line: index + 1, event: JSON.parse(content) });
    } catch (error) {
      entries.push({
        line: index + 1,
        error: `not JSON (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  });
  return entries;
};
