import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { componentLoader, pageScripts } from './registry.js';

// The packages AdminJS's own bundles put on `window`; custom components must use those very
// copies (one React), so imports of them become reads of the globals.
const browserGlobals: Record<string, string> = {
  react: 'React',
  'react-dom': 'ReactDOM',
  'react-router': 'ReactRouter',
  'react-router-dom': 'ReactRouterDOM',
  'react-redux': 'ReactRedux',
  redux: 'Redux',
  'prop-types': 'PropTypes',
  adminjs: 'AdminJS',
  '@adminjs/design-system': 'AdminJSDesignSystem',
  '@adminjs/design-system/styled-components': 'styled',
  'react-feather': 'FeatherIcons',
};

const useAdminGlobals: Plugin = {
  name: 'adminjs-globals',
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(browserGlobals)
        .map((n) => n.replace(/[/.-]/g, '\\$&'))
        .join('|')})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'adminjs-global' }));
    b.onLoad({ filter: /.*/, namespace: 'adminjs-global' }, (args) => ({
      contents: `module.exports = window.${browserGlobals[args.path]};`,
      loader: 'js',
    }));
  },
};

/**
 * Builds `components.bundle.js`, the script AdminJS loads with every page, from the component
 * registry: esbuild in memory, in about a tenth of a second, so no build step and no temp folder
 * (AdminJS's own bundler writes to a dot-folder that Express 5 will not serve; see admin/README.md).
 */
export async function buildComponentBundle(): Promise<string> {
  const components = componentLoader.getComponents();
  const entry = [
    'AdminJS.UserComponents = AdminJS.UserComponents || {};',
    ...pageScripts.map((script) => `import ${JSON.stringify(script)};`),
    ...Object.entries(components).map(
      ([name, file], i) =>
        `import C${i} from ${JSON.stringify(file)};\nAdminJS.UserComponents[${JSON.stringify(name)}] = C${i};`,
    ),
  ].join('\n');
  const result = await build({
    stdin: {
      contents: entry,
      resolveDir: path.dirname(fileURLToPath(import.meta.url)),
      loader: 'ts',
      sourcefile: 'components-entry.ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    jsx: 'transform',
    legalComments: 'none',
    plugins: [useAdminGlobals],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
