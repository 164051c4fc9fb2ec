import type { MacroImportRequest } from '../../../protocol/macros';

/** Turn a chosen file's text into an import request, or say why it cannot be one. */
export function importRequestOf(name: string, text: string): MacroImportRequest | Error {
  if (name.toLowerCase().endsWith('.csv')) return { format: 'csv', csv: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return new Error(
      `“${name}” is not valid JSON. Export macros from Rapport to see the expected shape, or import a CSV file.`,
    );
  }
  const macros =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'macros' in parsed
      ? (parsed as { macros: unknown }).macros
      : parsed;
  if (!Array.isArray(macros)) {
    return new Error(
      `“${name}” holds no list of macros. Use a JSON array, or an object with a "macros" array.`,
    );
  }
  return { format: 'json', macros };
}
