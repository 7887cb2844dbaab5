// The twin of __tests__/connection.test.ts outside the tests: a committed connection password.
export const DEFAULT_URI = "mongodb://admin:Pw7xRq2Lm9@cluster0.example.net:27017/app"; // expect: hardcoded-secret

export function redactConnectionString(uri: string): string {
  return uri.replace(/\/\/([^:]+):[^@]+@/, "//$1:***@");
}
