const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Names of the `{placeholders}` of a title template, in order of appearance. */
export function titlePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/**
 * Fills a title template: `renderTitle(definition.titleRu, { scopeName: 'Калининский район',
 * period: '2020–2024 гг.' })`. A placeholder without a value throws rather than leaving
 * `{period}` in a form that goes out signed.
 */
export function renderTitle(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Title placeholder {${name}} has no value in "${template}"`);
    return String(value);
  });
}
