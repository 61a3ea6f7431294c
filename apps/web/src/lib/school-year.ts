/** The school year a date falls in, by its first calendar year: 1 September 2025 – 31 August 2026 is 2025. */
export function schoolYearOf(date: Date): number {
  return date.getMonth() >= 8 ? date.getFullYear() : date.getFullYear() - 1;
}

export function schoolYearLabel(year: number): string {
  return `${year}/${year + 1}`;
}
