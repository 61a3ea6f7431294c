import { ValidationError, ValidationPipe } from '@nestjs/common';
import { EngineException, EngineExceptionCode, FieldProblem } from './app.exception';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // The constraint's name (isInt, min, matches…) is the rule: clients word it in their own language.
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, message, rule }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator on every input; failures become BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      return new EngineException(EngineExceptionCode.INVALID_INPUT, message || 'Invalid input', problems);
    },
  });
}
