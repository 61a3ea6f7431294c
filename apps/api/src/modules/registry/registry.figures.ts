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
