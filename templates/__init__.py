"""The shipped template packs (one folder per pack). The wheel installs this folder as the
package ``generator.builtin_packs``; pjgen finds it with importlib.resources."""
