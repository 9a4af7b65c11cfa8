// 新規ユーザ登録申請 as checked: what the application module stores and its mails describe (here so
// that both can name it without importing each other).
import type { InstitutionInput } from '../institutions/institution.ts';

export interface ApplicationInput {
  institution: InstitutionInput;
  department: string | null;
  departmentNumber: string | null;
  contactName: string;
  email: string;
}
