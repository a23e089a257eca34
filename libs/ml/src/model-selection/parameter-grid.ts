import { InvalidParameterError } from '../base/errors';
import { isPlainObject, type Params, type ParamValue } from '../base/params';

/** Parameter name (`model__max_depth`) to the values `GridSearchCV` tries. */
export type ParamGridDict = { readonly [name: string]: readonly ParamValue[] };

/** scikit-learn's `param_grid`: one dict, or a list of dicts whose grids are searched one after another. */
export type ParamGrid = ParamGridDict | readonly ParamGridDict[];

/** The most grid points a search may have: each is a candidate stored, validated and admitted at submission. */
export const MAX_GRID_POINTS = 100_000;

/**
 * scikit-learn's `ParameterGrid`: every combination of the listed values, the dicts one after
 * another and within a dict the last parameter in sorted name order varying fastest (an empty
 * dict is one point, `{}`). The candidates of `GridSearchCV`, in its order.
 */
export class ParameterGrid implements Iterable<Params> {
  readonly length: number;
  private readonly dicts: readonly ParamGridDict[];

  constructor(paramGrid: ParamGrid) {
    this.dicts = validateParamGrid(paramGrid);
    this.length = gridSize(this.dicts);
  }

  /** `ParameterGrid[index]`. */
  at(index: number): Params {
    return gridPoint(this.dicts, index);
  }

  *[Symbol.iterator](): Iterator<Params> {
    for (let index = 0; index < this.length; index++) yield gridPoint(this.dicts, index);
  }
}

/**
 * Checks a `param_grid` from outside and returns it as a list of dicts: each value a non-empty
 * list (scikit-learn wants single values wrapped in a list), at most MAX_GRID_POINTS points.
 * Errors name the field: `param_grid.model__C`, `param_grid[1].model__C`, or `param_grid` itself.
 */
export function validateParamGrid(value: unknown, path = 'param_grid'): readonly ParamGridDict[] {
  const dicts = Array.isArray(value) ? value.map((dict: unknown, i) => validateGridDict(dict, `${path}[${i}]`)) : [validateGridDict(value, path)];
  if (dicts.length === 0) throw new InvalidParameterError(path, 'must be a dict or a non-empty list of dicts');
  const size = gridSize(dicts);
  if (size > MAX_GRID_POINTS) throw new InvalidParameterError(path, `has ${size} points, more than the ${MAX_GRID_POINTS} a grid search may have`);
  return dicts;
}

function validateGridDict(value: unknown, path: string): ParamGridDict {
  if (!isPlainObject(value)) throw new InvalidParameterError(path, `must be a dict from parameter names to lists of values; got ${JSON.stringify(value)}`);
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values)) {
      throw new InvalidParameterError(
        `${path}.${name}`,
        `needs to be a list, but got ${JSON.stringify(values)}; single values need to be wrapped in a list with one element (distributions are for search "random")`,
      );
    }
    if (values.length === 0) throw new InvalidParameterError(`${path}.${name}`, 'needs to be a non-empty list');
  }
  return value as ParamGridDict;
}

/** The number of points: the sum over dicts of the product of their list lengths. */
export function gridSize(dicts: readonly ParamGridDict[]): number {
  return dicts.reduce((total, dict) => total + Object.values(dict).reduce((size, values) => size * values.length, 1), 0);
}

/** Point `index` of the grid, numbered as scikit-learn's `ParameterGrid[index]`. */
export function gridPoint(dicts: readonly ParamGridDict[], index: number): Params {
  let rest = index;
  for (const dict of dicts) {
    const names = Object.keys(dict).sort();
    const lists = names.map((name) => dict[name]);
    const size = lists.reduce((product, values) => product * values.length, 1);
    if (rest >= size) {
      rest -= size;
      continue;
    }
    const picked = new Array<ParamValue>(names.length);
    for (let k = names.length - 1; k >= 0; k--) {
      picked[k] = lists[k][rest % lists[k].length];
      rest = Math.floor(rest / lists[k].length);
    }
    return Object.fromEntries(names.map((name, k) => [name, picked[k]]));
  }
  throw new RangeError(`grid index ${index} is out of range`);
}
