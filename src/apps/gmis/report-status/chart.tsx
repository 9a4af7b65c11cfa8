// The 報告状況 charts, drawn on the server as SVG: bars of 未報告 / 報告中 / 報告済 / 確認済 stacked to
// 100 % for each row, and the completion rate week by week as a line. No script, no inline style
// (colours are classes of report-status.css); each chart is one image named by its <title> and
// described in words by its <desc>, and the page puts the same numbers in a table beside it.
import type { Children } from '@kitajs/html';
import { BOARD_STATUSES, LIST_STATUS_LABELS, type BoardWeek, type StatusCounts } from '../../../reporting/status-board.ts';

export const percent = (rate: number): string => `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;

/** The colour key of the bars, as text (the chart's colours are not its only key: the table has the numbers). */
export function StatusLegend(): JSX.Element {
  return (
    <ul class="rs-legend" aria-label="グラフの色">
      {BOARD_STATUSES.map((s) => (
        <li>
          <span class={`rs-legend__swatch rs-fill--${s}`} aria-hidden="true"></span>
          <span safe>{LIST_STATUS_LABELS[s]}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A chart in its own box: on a narrow screen the chart keeps its drawn size (labels of 13 px, not
 * shrunk to 5) and the box scrolls sideways, focusable by keyboard and named like the tables' boxes.
 */
function ChartScroll(p: { title: string; children: Children }): JSX.Element {
  return (
    <div class="rs-chart-scroll" tabindex="0" role="region" aria-label={`${p.title}（グラフ）`}>
      {p.children}
    </div>
  );
}

const BAR = { width: 480, label: 120, rowHeight: 30, bar: 20, rate: 56 } as const;

/** One horizontal bar per row, its four parts in proportion to the row's institutions, the completion rate at its end. */
export function StatusBars(p: { id: string; title: string; rows: ReadonlyArray<{ label: string; counts: StatusCounts }> }): JSX.Element {
  const height = Math.max(1, p.rows.length) * BAR.rowHeight + 8;
  const span = BAR.width - BAR.label - BAR.rate;
  const desc = p.rows
    .map(
      (r) =>
        `${r.label}：対象${r.counts.total}件、${BOARD_STATUSES.map((s) => `${LIST_STATUS_LABELS[s]}${r.counts[s]}件`).join('、')}、報告率${percent(r.counts.rate)}`,
    )
    .join('。');
  return (
    <ChartScroll title={p.title}>
      <svg
        class="rs-chart"
        viewBox={`0 0 ${BAR.width} ${height}`}
        width={String(BAR.width)}
        height={String(height)}
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        focusable="false"
      >
        <title id={`${p.id}-title`} safe>
          {p.title}
        </title>
        <desc id={`${p.id}-desc`} safe>
          {desc || '対象の医療機関・薬局はありません。'}
        </desc>
        {p.rows.map((r, i) => {
          const y = 4 + i * BAR.rowHeight;
          let x = BAR.label;
          return (
            <g>
              <text class="rs-chart__label" x={String(BAR.label - 8)} y={String(y + BAR.bar - 5)} text-anchor="end" safe>
                {r.label}
              </text>
              <rect class="rs-chart__track" x={String(BAR.label)} y={String(y)} width={String(span)} height={String(BAR.bar)} />
              {r.counts.total === 0
                ? ''
                : BOARD_STATUSES.map((s) => {
                    const w = (span * r.counts[s]) / r.counts.total;
                    const part = <rect class={`rs-fill--${s}`} x={x.toFixed(2)} y={String(y)} width={w.toFixed(2)} height={String(BAR.bar)} />;
                    x += w;
                    return part;
                  })}
              <text class="rs-chart__value" x={String(BAR.width - 4)} y={String(y + BAR.bar - 5)} text-anchor="end" safe>
                {percent(r.counts.rate)}
              </text>
            </g>
          );
        })}
      </svg>
    </ChartScroll>
  );
}

const LINE = { width: 480, height: 220, left: 44, right: 12, top: 12, bottom: 36 } as const;

/** The completion rate (報告済 and 確認済 together) at the end of each week, and the 確認済 share below it. */
export function WeeklyLine(p: { id: string; title: string; weeks: readonly BoardWeek[]; total: number; label: (w: BoardWeek) => string }): JSX.Element {
  const w = LINE.width - LINE.left - LINE.right;
  const h = LINE.height - LINE.top - LINE.bottom;
  const n = p.weeks.length;
  const xOf = (i: number) => LINE.left + (n <= 1 ? w / 2 : (w * i) / (n - 1));
  const yOf = (rate: number) => LINE.top + h * (1 - Math.min(1, Math.max(0, rate)));
  const acceptedRate = (wk: BoardWeek) => (p.total === 0 ? 0 : wk.accepted / p.total);
  const points = (rate: (wk: BoardWeek) => number) => p.weeks.map((wk, i) => `${xOf(i).toFixed(1)},${yOf(rate(wk)).toFixed(1)}`).join(' ');
  const first = p.weeks[0];
  const last = p.weeks[n - 1];
  const desc =
    first && last
      ? `${p.label(first)}の週末に報告率${percent(first.rate)}、${p.label(last)}の週末（いま）に${percent(last.rate)}。確認済は${percent(acceptedRate(last))}。`
      : 'まだ報告期間が始まっていません。';
  // Every week's label fits up to 8 weeks; beyond that every second, third … and always the last.
  const step = Math.max(1, Math.ceil(n / 8));
  return (
    <ChartScroll title={p.title}>
      <svg
        class="rs-chart"
        viewBox={`0 0 ${LINE.width} ${LINE.height}`}
        width={String(LINE.width)}
        height={String(LINE.height)}
        role="img"
        aria-labelledby={`${p.id}-title ${p.id}-desc`}
        focusable="false"
      >
        <title id={`${p.id}-title`} safe>
          {p.title}
        </title>
        <desc id={`${p.id}-desc`} safe>
          {desc}
        </desc>
        {[0, 0.25, 0.5, 0.75, 1].map((r) => (
          <g>
            <line class="rs-chart__grid" x1={String(LINE.left)} x2={String(LINE.width - LINE.right)} y1={yOf(r).toFixed(1)} y2={yOf(r).toFixed(1)} />
            <text class="rs-chart__axis" x={String(LINE.left - 6)} y={(yOf(r) + 4).toFixed(1)} text-anchor="end" safe>
              {`${r * 100}%`}
            </text>
          </g>
        ))}
        {p.weeks.map((wk, i) =>
          i % step === 0 || i === n - 1 ? (
            <text class="rs-chart__axis" x={xOf(i).toFixed(1)} y={String(LINE.height - 14)} text-anchor="middle" safe>
              {p.label(wk)}
            </text>
          ) : (
            ''
          ),
        )}
        {n > 0 ? (
          <>
            <polyline class="rs-line rs-line--accepted" points={points(acceptedRate)} />
            <polyline class="rs-line rs-line--reported" points={points((wk) => wk.rate)} />
            {p.weeks.map((wk, i) => (
              <circle class="rs-dot" cx={xOf(i).toFixed(1)} cy={yOf(wk.rate).toFixed(1)} r="3" />
            ))}
          </>
        ) : (
          ''
        )}
      </svg>
    </ChartScroll>
  );
}

/** The key of the weekly chart's two lines. */
export function LineLegend(): JSX.Element {
  return (
    <ul class="rs-legend" aria-label="グラフの線">
      <li>
        <span class="rs-legend__line rs-legend__line--reported" aria-hidden="true"></span>
        報告率（報告済と確認済）
      </li>
      <li>
        <span class="rs-legend__line rs-legend__line--accepted" aria-hidden="true"></span>
        確認済の割合
      </li>
    </ul>
  );
}
