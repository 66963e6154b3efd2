// Flag values shared by the commands; the parsers live in util so that checks can declare flags with them too.
import { CHECK_IDS } from '../checks/registry.ts';
import { checkNames } from '../util/flag-values.ts';

export { positiveInt, positiveNumber, nonNegativeNumber, pathList, postgresUrl } from '../util/flag-values.ts';

/** `--only load,bundle`: every name must be a known check. */
export function checkList(flag: string) {
  return checkNames(flag, CHECK_IDS);
}
