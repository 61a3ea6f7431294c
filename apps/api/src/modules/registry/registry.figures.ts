import { MENTORING_FORMS, QUARTERLY_REPORT_CATALOGUE, type DataSetCatalogue, type MentoringForm } from '@mm/domain';

/** Figures that come from the enrollment (контингент), not from the registry. */
export const ENROLLMENT_CODES: readonly string[] = ['STUDENTS', 'TEACHERS'];

/** Every code of the catalogue the registry gives, in the catalogue's order. */
export function registryDerivedCodes(catalogue: DataSetCatalogue = QUARTERLY_REPORT_CATALOGUE): string[] {
  return catalogue.elements.map((e) => e.code).filter((code) => !ENROLLMENT_CODES.includes(code));
}

/** The registry's counts as the full list of derived codes: a code nobody counts towards is 0. */
export function completeFigures(counted: readonly { code: string; value: number }[]): { code: string; value: number }[] {
  const byCode = new Map(counted.map((f) => [f.code, f.value]));
  return registryDerivedCodes().map((code) => ({ code, value: byCode.get(code) ?? 0 }));
}

/** A form whose mentees are students (the report breaks student mentees down by it); the others are teachers'. */
export function menteesAreStudents(form: MentoringForm): boolean {
  return MENTORING_FORMS.find((f) => f.form === form)?.studentFacing ?? false;
}

/** Marks the count of the school's registry entries among the function's rows (not a catalogue figure). */
export const REGISTRY_SIZE_CODE = 'REGISTRY_PARTICIPANTS';

export interface RegistryDifference {
  readonly code: string;
  readonly rule: 'REGISTRY_DIFFERS';
  readonly message: string;
  readonly registryValue: number;
}

/**
 * Figures the school typed that differ from what its registry gives: a soft warning, never a
 * refusal (the school may know better). Only typed registry-derived codes are compared; a code the
 * school left out reads as "not reported".
 */
export function registryDifferences(
  typed: readonly { code: string; value: number }[],
  derived: readonly { code: string; value: number }[],
): RegistryDifference[] {
  const byCode = new Map(derived.map((f) => [f.code, f.value]));
  const seen = new Set<string>();
  const differences: RegistryDifference[] = [];
  for (const { code, value } of typed) {
    if (seen.has(code)) continue;
    seen.add(code);
    const registryValue = byCode.get(code);
    if (registryValue === undefined || registryValue === value) continue;
    differences.push({
      code,
      rule: 'REGISTRY_DIFFERS',
      registryValue,
      message: `${code} is ${value}, the registry gives ${registryValue}`,
    });
  }
  return differences;
}
