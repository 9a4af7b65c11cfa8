// The notice a page shows after a redirect. The redirect names it in its query (?done=approved);
// each route keeps a typed table from the values it sends to a kind and a catalogue id, never to
// wording, and the page gets the message.
import { MESSAGES, type MessageId } from '../../platform/messages/index.ts';
import { entryOf } from '../../web/request.ts';

export type FlashKind = 'success' | 'info' | 'error';

/** What a page shows at its top. */
export interface Flash {
  kind: FlashKind;
  text: string;
}

/** The ids of messages that take no arguments (a query value carries none). */
export type PlainMessageId = { [K in MessageId]: (typeof MESSAGES)[K] extends string ? K : never }[MessageId];

export type FlashTable<V extends string> = Readonly<Record<V, { readonly kind: FlashKind; readonly message: PlainMessageId }>>;

/** The flash `value` (a query value, unchecked) names in `table`, if it names one. */
export function flashFrom<V extends string>(table: FlashTable<V>, value: unknown): Flash | undefined {
  const entry = entryOf<FlashTable<V>[V]>(table, value);
  return entry && { kind: entry.kind, text: MESSAGES[entry.message] };
}
