/**
 * Lists (subdivisions, anonymizer flags, providers) are kept in the store as comma-joined text, in
 * both backends: none of their values contains a comma.
 */
export const LIST_SEPARATOR = ',';

export function joinList(list: readonly string[]): string {
  return list.join(LIST_SEPARATOR);
}

export function splitList(text: string): string[] {
  return text === '' ? [] : text.split(LIST_SEPARATOR);
}
