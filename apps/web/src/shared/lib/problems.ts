// The one place where the server's errors become Russian: the code, the reason and every field
// problem (its field, rule and the numbers or names in it). The server's English text is matched
// only to pick a Russian sentence and to take the parameters out of it; it is never shown.
import { t } from '../../i18n';
import { ApiError, FieldProblem, NETWORK_ERROR } from '../api/graphql-client';

/** Russian names of input fields and file columns (the last part of a path like `input.points[2].percent`). */
const FIELD_LABELS: Record<string, string> = {
  email: 'Электронная почта',
  password: 'Пароль',
  currentPassword: 'Текущий пароль',
  newPassword: 'Новый пароль',
  displayName: 'Имя',
  role: 'Роль',
  code: 'Код',
  name: 'Название',
  inn: 'ИНН',
  okato: 'ОКАТО',
  oktmo: 'ОКТМО',
  id: 'Запись',
  input: 'Данные формы',
  regionId: 'Регион',
  districtId: 'Район',
  schoolId: 'Школа',
  year: 'Год',
  quarter: 'Квартал',
  deadline: 'Срок сдачи',
  students: 'Обучающихся',
  mentorBase: 'База наставников',
  points: 'График',
  percent: 'Процент',
  comment: 'Комментарий',
  figures: 'Показатели',
  value: 'Значение',
  contentBase64: 'Файл',
  fileName: 'Имя файла',
  expectedVersion: 'Версия',
  school_code: 'Код школы (school_code)',
  mentor_base: 'База наставников (mentor_base)',
  curator_email: 'Почта куратора (curator_email)',
  curator_name: 'Имя куратора (curator_name)',
  curator_password: 'Пароль куратора (curator_password)',
  schoolYear: 'Учебный год',
  first: 'Размер страницы',
  offset: 'Смещение',
  from: 'С даты',
  to: 'По дату',
  operation: 'Действие',
  actorUserId: 'Пользователь',
  search: 'Поиск',
};

/** A field path as a person would name it: `points[6].percent` → «График, строка 7: Процент». */
export function fieldLabel(field: string, labels: Record<string, string> = {}): string {
  // `points[6]` and `points.6` (class-validator's nesting) both mean the 7th row of the list.
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== 'input' && p !== '');
  const named: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part) && named.length) named[named.length - 1] += `, ${t.problems.row(Number(part) + 1)}`;
    else named.push(labels[part] ?? FIELD_LABELS[part] ?? part);
  }
  return named.length ? named.join(': ') : FIELD_LABELS.input!;
}

/** class-validator constraint names (the server's `rule`) in Russian. */
const RULES: Record<string, string> = {
  isInt: 'должно быть целым числом',
  isNumber: 'должно быть числом',
  min: 'слишком маленькое значение',
  max: 'слишком большое значение',
  isNotEmpty: 'не заполнено',
  isDefined: 'не заполнено',
  isString: 'должно быть текстом',
  maxLength: 'слишком длинное значение',
  minLength: 'слишком короткое значение',
  isEmail: 'это не адрес электронной почты',
  isUUID: 'неверная ссылка на запись',
  isEnum: 'недопустимое значение',
  isBoolean: 'должно быть «да» или «нет»',
  isBase64: 'файл повреждён при передаче',
  isDateString: 'это не дата',
  matches: 'неверный формат',
  arrayMinSize: 'список пуст',
  arrayMaxSize: 'слишком длинный список',
  arrayUnique: 'значения повторяются',
  isIn: 'недопустимое значение',
};

type Pattern = [RegExp, (m: RegExpExecArray) => string];

/** Known server sentences (domain rules, import rows), with their parameters carried over. */
const PATTERNS: Pattern[] = [
  [/^okato must be/, () => 'ОКАТО — от 2 до 11 цифр'],
  [/^oktmo must be/, () => 'ОКТМО — 8 или 11 цифр'],
  [/(^|\b)inn must be|^must be 10 or 12 digits/, () => 'ИНН — 10 или 12 цифр'],
  [/must be a valid e-mail/, () => 'это не адрес электронной почты'],
  [/^is required for the role (\w+)/, (m) => `обязательно для роли «${t.roles[m[1]!] ?? m[1]}»`],
  [/^must be empty for the role (\w+)/, (m) => `не указывается для роли «${t.roles[m[1]!] ?? m[1]}»`],
  [/^does not match the (district|region)/, (m) => (m[1] === 'district' ? 'не совпадает с районом школы' : 'не совпадает с регионом')],
  [/account with this e-mail already exists/, () => 'учётная запись с такой почтой уже есть'],
  [/region with this code already exists/, () => 'регион с таким кодом уже есть'],
  [/district with this code already exists/, () => 'район с таким кодом уже есть в регионе'],
  [/school with this code already exists/, () => 'школа с таким кодом уже есть в районе'],
  [/^(\w+) not found/, () => 'запись не найдена'],
  [/cannot (change the activation of|reset the password of) your own account/, () => 'нельзя изменить собственную учётную запись здесь'],
  [/cannot grant the role (\w+)/, (m) => `нельзя выдать роль «${t.roles[m[1]!] ?? m[1]}» — она выше вашей`],
  [/outside your scope|not in your (region|district)/i, () => 'вне вашей зоны ответственности'],
  [/^must be at least (\d+) characters/, (m) => `не короче ${m[1]} символов`],
  [/^must be at most (\d+) characters/, (m) => `не длиннее ${m[1]} символов`],
  [/^must not consist of a few repeated/, () => 'не должен состоять из нескольких повторяющихся символов'],
  [/^must mix at least three/, () => t.password.rules],
  [/is not your current password/, () => t.password.wrongCurrent],
  [/must differ from the current password/, () => 'должен отличаться от текущего'],
  [/^give at least one of/, () => 'нечего сохранять: ничего не изменено'],
  [/^is required when (\w+) is given/, (m) => `обязательно, если заполнено «${fieldLabel(m[1]!)}»`],
  [/^is required$|is empty$/, () => 'не заполнено'],
  [/^duplicates line (\d+)/, (m) => `повторяет строку ${m[1]}`],
  [/is already on line (\d+)/, (m) => `эта школа и год уже есть в строке ${m[1]}`],
  [/^the column "([^"]+)" is missing/, (m) => `нет столбца «${m[1]}»`],
  [/^unknown column "([^"]+)"/, (m) => `неизвестный столбец «${m[1]}»`],
  [/year must be a whole number/, () => 'год должен быть целым числом'],
  [/year must be from (\d+) to (\d+)/, (m) => `год должен быть от ${m[1]} до ${m[2]}`],
  [/must be a non-negative whole number|must be empty or a non-negative whole number/, () => 'должно быть целым неотрицательным числом'],
  [/mentor_base (\d+) is more than students (\d+)/, (m) => `база наставников (${m[1]}) больше числа обучающихся (${m[2]})`],
  [/no school with code "([^"]+)"/, (m) => `в районе нет школы с кодом «${m[1]}»`],
  [/(\d+) row error\(s\)/, (m) => `ошибок в строках файла: ${m[1]}`],
  [/must end (in|with) \.csv or \.xlsx/, () => 'нужен файл CSV или XLSX'],
  [/not a (valid )?(CSV|XLSX|spreadsheet)|could not be read|unreadable/i, () => 'файл не удалось прочитать'],
  [/must be a number/, () => 'должно быть числом'],
  [/must not be negative/, () => 'не может быть отрицательным'],
  [/must not be (greater|more) than (\d+)/, (m) => `не больше ${m[2]}`],
  [/must not be less than (\d+)/, (m) => `не меньше ${m[1]}`],
];

/** One field problem in Russian (without the field's name). */
export function problemMessage(problem: FieldProblem): string {
  if (problem.rule && t.errors.rules[problem.rule]) return t.errors.rules[problem.rule]!;
  for (const [pattern, render] of PATTERNS) {
    const match = pattern.exec(problem.message);
    if (match) return render(match);
  }
  if (problem.rule && RULES[problem.rule]) return RULES[problem.rule]!;
  return t.problems.rejected;
}

/** «Поле: что не так» — a whole problem line. */
export function problemLine(problem: FieldProblem, labels?: Record<string, string>): string {
  return `${fieldLabel(problem.field, labels)}: ${problemMessage(problem)}`;
}

/** The Russian explanation of an error as a whole: by its reason, else by its code. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t.errors.network;
    return (error.reason && t.errors.reasons[error.reason]) || t.errors.codes[error.code] || t.errors.unexpected;
  }
  return t.errors.unexpected;
}
