import type { Caller } from '@mnist-lab/contracts';

/** `name (key id)`: how the created_by of a project or key names the key that created it. */
export function describeCaller(caller: Caller): string {
  return `${caller.keyName} (${caller.keyId})`;
}
