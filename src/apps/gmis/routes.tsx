// G-MIS origin: every request learns who is signed in (single sign-on through Med-Login), then the
// portal (home, ユーザ基礎情報, お知らせ, FAQ, お問合せ), the SSO-use pages and the public
// 新規ユーザ登録申請 serve it.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Ports } from '../../ports.ts';
import { gmisPortalRoutes } from './portal/routes.tsx';
import { gmisRegistrationRoutes } from './registration/routes.tsx';
import { gmisReportingRoutes } from './reporting/routes.tsx';
import { gmisReportCsvRoutes } from './reporting/csv-routes.tsx';
import { gmisReviewRoutes } from './review/routes.tsx';
import { gmisReportReviewRoutes } from './report-review/routes.tsx';
import { gmisReportImportRoutes } from './report-review/csv-import-routes.tsx';
import { gmisReportStatusRoutes } from './report-status/routes.tsx';
import { gmisOfficeRoutes } from './office/routes.tsx';
import { gmisOfficeNoticeRoutes } from './office-notices/routes.tsx';
import { gmisOfficeInquiryRoutes } from './office-inquiries/routes.tsx';
import { gmisJurisdictionRoutes } from './jurisdiction/routes.tsx';
import { gmisBulkMailRoutes } from './bulk-mail/routes.tsx';
import { gmisSsoAccessRoutes } from './sso-access/routes.tsx';
import { gmisSso } from './sso-routes.tsx';
import { gmisClosureRoutes } from './closures/routes.tsx';
import { gmisReminderRoutes } from './reminders/routes.tsx';
import { gmisInstitutionMasterRoutes } from './institutions/routes.tsx';

export async function gmisRoutes(app: FastifyInstance, o: { deps: Ports; logger: Logger }): Promise<void> {
  gmisSso(app, o);
  await app.register(gmisPortalRoutes, { deps: o.deps });
  await app.register(gmisSsoAccessRoutes, { deps: o.deps });
  await app.register(gmisRegistrationRoutes, { deps: o.deps });
  await app.register(gmisReviewRoutes, { deps: o.deps });
  await app.register(gmisReportReviewRoutes, { deps: o.deps });
  await app.register(gmisReportImportRoutes, { deps: o.deps });
  await app.register(gmisReportStatusRoutes, { deps: o.deps });
  await app.register(gmisOfficeRoutes, { deps: o.deps });
  await app.register(gmisOfficeNoticeRoutes, { deps: o.deps });
  await app.register(gmisOfficeInquiryRoutes, { deps: o.deps });
  await app.register(gmisJurisdictionRoutes, { deps: o.deps });
  await app.register(gmisBulkMailRoutes, { deps: o.deps });
  await app.register(gmisReportingRoutes, { deps: o.deps });
  await app.register(gmisReportCsvRoutes, { deps: o.deps });
  await app.register(gmisClosureRoutes, { deps: o.deps });
  await app.register(gmisReminderRoutes, { deps: o.deps });
  await app.register(gmisInstitutionMasterRoutes, { deps: o.deps });
}
