// Display names of codes a person reads: a kind of export in the chosen language (codes stay in --json and CSV).
import { msg, type Message } from './message.js';

/** The display name of a kind (stations → 单位 / units); an unknown kind is shown as written. */
export function kindName(kind: string): Message {
  return msg(`kind_${kind}`);
}
