#!/usr/bin/env node
// The native TensorFlow.js backend (@tensorflow/tfjs-node), where its own install cannot have it.
//
// tfjs-node's install script downloads libtensorflow from a Google host; where that works, npm
// installs it as usual and this script only checks that it loads. Where the download fails, npm
// drops the optional package, and this script provides it another way: the package itself from
// the npm registry (without its install script), and the TensorFlow C library from the
// `tensorflow-cpu` wheel that pip can fetch, whose libtensorflow_cc.so.2 exports every TF_/TFE_
// function the binding calls. The binding is then compiled against it with node-gyp.
//
// The wheel's libraries and headers (about 1 GB) are unpacked once into a cache shared by every
// clone on the machine: MNIST_LAB_CACHE_DIR, else $XDG_CACHE_HOME/mnist-lab, else ~/.cache/mnist-lab.
// MNIST_LAB_TFJS_NATIVE=0 skips all of this; the workers then train on the wasm backend.
//
// Never fails the install: whatever goes wrong is one warning, and the wasm backend is used.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The TensorFlow release whose C library the binding is built against (checked to work with tfjs-node 4.22). */
const TENSORFLOW_VERSION = '2.21.0';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE_DIR = join(ROOT, 'node_modules/@tensorflow/tfjs-node');

const log = (message) => console.log(`[mnist-lab install] tensorflow: ${message}`);

function cacheRoot() {
  return process.env.MNIST_LAB_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mnist-lab');
}

/** Runs a command; returns its output, or throws with its last lines of output. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${output}`);
  }
  return result.stdout;
}

/** Whether `require('@tensorflow/tfjs-node')` gives the tensorflow backend, in a fresh process. */
function nativeBackendLoads() {
  const probe = "const tf = require('@tensorflow/tfjs-node'); process.stdout.write(tf.getBackend() + ' ' + tf.version['tfjs-node']);";
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  return result.status === 0 && result.stdout.startsWith('tensorflow ') ? result.stdout : null;
}

/** The tfjs-node version package-lock.json pins (an optional dependency, so npm may have left it out). */
function lockedPackageVersion() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.['node_modules/@tensorflow/tfjs-node'];
  if (!entry?.version) throw new Error('package-lock.json does not pin @tensorflow/tfjs-node');
  return entry.version;
}

/** The npm that runs this install (npm_execpath) when there is one, so nested calls use the same version. */
export function npmCommand(args) {
  return process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, ...args]] : ['npm', args];
}

function ensurePackage() {
  if (existsSync(join(PACKAGE_DIR, 'package.json'))) return;
  const version = lockedPackageVersion();
  log(`installing @tensorflow/tfjs-node@${version} without its download step`);
  run(...npmCommand(['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `@tensorflow/tfjs-node@${version}`]), { cwd: ROOT });
}

/** The wheel's C library and headers, unpacked once per machine; returns their folder. */
function ensureLibtensorflow() {
  const dir = join(cacheRoot(), `libtensorflow-${TENSORFLOW_VERSION}-${process.platform}-${process.arch}`);
  if (existsSync(join(dir, 'complete'))) {
    log(`using the cached TensorFlow ${TENSORFLOW_VERSION} C library in ${dir}`);
    return dir;
  }
  mkdirSync(cacheRoot(), { recursive: true });
  const work = mkdtempSync(join(cacheRoot(), 'download-'));
  try {
    log(`fetching tensorflow-cpu==${TENSORFLOW_VERSION} with pip (about 270 MB, once per machine)`);
    run(pythonWithPip(), ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '-d', work, `tensorflow-cpu==${TENSORFLOW_VERSION}`]);
    const unpacked = join(work, 'unpacked');
    // Python is there wherever pip is, and its zipfile streams members larger than 2 GB uncompressed.
    run(pythonWithPip(), ['-c', UNPACK_WHEEL, work, unpacked]);
    writeFileSync(join(unpacked, 'complete'), `${TENSORFLOW_VERSION}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
    log(`unpacked the C library and headers into ${dir}`);
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const UNPACK_WHEEL = `
import glob, os, shutil, sys, zipfile
work, out = sys.argv[1], sys.argv[2]
wheels = glob.glob(os.path.join(work, 'tensorflow_cpu-*.whl'))
if len(wheels) != 1: sys.exit('expected one tensorflow_cpu wheel, found %d' % len(wheels))
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
found = set()
with zipfile.ZipFile(wheels[0]) as wheel:
    for name in wheel.namelist():
        if name.endswith('/'): continue
        if name in libs:
            target = os.path.join(out, 'lib', os.path.basename(name)); found.add(name)
        elif name.startswith('tensorflow/include/'):
            target = os.path.join(out, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with wheel.open(name) as src, open(target, 'wb') as dst: shutil.copyfileobj(src, dst, 1 << 20)
missing = libs - found
if missing: sys.exit('the wheel lacks ' + ', '.join(sorted(missing)))
`;

function pythonWithPip() {
  for (const candidate of ['python3', 'python']) {
    if (spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  throw new Error('no python with pip found (needed to fetch the tensorflow-cpu wheel)');
}

/** tfjs-node's build reads deps/lib and deps/include: point them at the cached library. */
function linkDeps(libtensorflow) {
  const deps = join(PACKAGE_DIR, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, 'lib'), { recursive: true });
  const cc = join(libtensorflow, 'lib/libtensorflow_cc.so.2');
  const framework = join(libtensorflow, 'lib/libtensorflow_framework.so.2');
  for (const [name, target] of [
    ['libtensorflow.so', cc],
    ['libtensorflow_cc.so.2', cc],
    ['libtensorflow_framework.so', framework],
    ['libtensorflow_framework.so.2', framework],
  ]) {
    symlinkSync(target, join(deps, 'lib', name));
  }
  symlinkSync(join(libtensorflow, 'include'), join(deps, 'include'));
}

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '../node_modules/node-gyp/bin/node-gyp.js'),
  ];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error("node-gyp not found (it comes with npm); install a C++ toolchain and npm's node-gyp");
  return found;
}

/** Node's headers for node-gyp, which cannot download them here: npm's nodedir, else this Node's own prefix. */
function nodeDir() {
  const candidates = [process.env.npm_config_nodedir, resolve(dirname(process.execPath), '..')];
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'include/node/node_api.h')));
  if (!found) throw new Error("Node's headers (include/node/node_api.h) not found; set npm's nodedir");
  return found;
}

function buildBinding() {
  const { binary } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const napi = Math.max(...binary.napi_versions.filter((version) => version <= Number(process.versions.napi)));
  const modulePath = `lib/napi-v${napi}`;
  log(`compiling the tfjs-node binding (N-API ${napi}) against the C library`);
  run(process.execPath, [nodeGyp(), 'rebuild', `--nodedir=${nodeDir()}`, `--napi_build_version=${napi}`, `--module_name=${binary.module_name}`, `--module_path=${modulePath}`], {
    cwd: PACKAGE_DIR,
  });
  mkdirSync(join(PACKAGE_DIR, modulePath), { recursive: true });
  copyFileSync(join(PACKAGE_DIR, 'build', modulePath, `${binary.module_name}.node`), join(PACKAGE_DIR, modulePath, `${binary.module_name}.node`));
}

export function installTensorflowNative() {
  if (process.env.MNIST_LAB_TFJS_NATIVE === '0') {
    log('skipped (MNIST_LAB_TFJS_NATIVE=0); workers use the wasm backend');
    return false;
  }
  const present = nativeBackendLoads();
  if (present) {
    log(`native backend loads (${present}), nothing to do`);
    return true;
  }
  try {
    ensurePackage();
    linkDeps(ensureLibtensorflow());
    buildBinding();
    const loaded = nativeBackendLoads();
    if (!loaded) throw new Error('the compiled binding does not load');
    log(`native backend ready (${loaded}, TensorFlow ${TENSORFLOW_VERSION})`);
    return true;
  } catch (error) {
    console.warn(`[mnist-lab install] warning: the native TensorFlow backend is not installed (${error.message}); workers will train on the wasm backend. Retry with: npm run setup:tensorflow`);
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) installTensorflowNative();
