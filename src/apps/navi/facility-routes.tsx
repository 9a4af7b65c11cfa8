// 医療情報ネット: the public page of one facility, by its facility ID (no sign-in). A record that is
// not visible — stopped, lapsed, withheld, closed or unknown — answers the same 404 page.
import type { FastifyInstance } from 'fastify';
import type { Ports } from '../../ports.ts';
import { publishedFacility } from '../../reporting/publication.ts';
import { noticeOfClosures } from '../../closures/notice.ts';
import { sendHtml } from '../../web/request.ts';
import { FacilityNotPublicPage, FacilityPage } from './facility-page.tsx';
import { naviPreferences } from './preferences.ts';
/** 都道府県 2 + 機関区分 1 + 機関コード 10 (digits, though the master allows letters). */
const FACILITY_ID = /^\d{3}[0-9A-Za-z]{10}$/;

export async function naviFacilityRoutes(app: FastifyInstance, o: { deps: Ports }): Promise<void> {
  const { db, clock } = o.deps;
  app.get<{ Params: { facilityId: string } }>('/facilities/:facilityId', async (req, reply) => {
    // The language and 文字サイズ chosen (?lang=en for this page, else the cookies).
    const { lang, textSize } = naviPreferences(req);
    const id = req.params.facilityId;
    const path = `/facilities/${encodeURIComponent(id)}`;
    const view = FACILITY_ID.test(id) ? await publishedFacility(db, id) : undefined;
    if (!view) return sendHtml(reply, 404, FacilityNotPublicPage({ lang, textSize, path }));
    // 臨時休診 during its range and in the two weeks before it starts.
    const closures = await noticeOfClosures(db, id, clock.now());
    return sendHtml(reply, 200, FacilityPage({ facility: view.facility, catalogue: view.catalogue, values: view.values, closures, lang, textSize, path }));
  });
}
