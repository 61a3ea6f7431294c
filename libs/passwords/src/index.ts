export * from './password-hasher';
export * from './generated-password';
