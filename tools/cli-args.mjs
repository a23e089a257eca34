// What the repository's command-line tools share: the error a bad command line throws, and how
// such a command line (or --help) ends the process.

export class UsageError extends Error {
  name = 'UsageError';
}

/**
 * `parse(argv)`'s options. A UsageError prints its message (after `prefix`) and `usage`, then
 * exits 2; options with `help` print `usage` and exit 0; any other error is thrown on.
 */
export function parseCommandLine(parse, usage, { argv = process.argv.slice(2), prefix = '' } = {}) {
  let options;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${prefix}${error.message}\n\n${usage}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(usage);
    process.exit(0);
  }
  return options;
}
