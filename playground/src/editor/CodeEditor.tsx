/**
 * CodeMirror 6 for one JSON file: line numbers, undo, bracket matching, JSON highlighting, and
 * diagnostics pushed in from outside (the plugin checks the file, not a CodeMirror linter, so
 * the editor shows exactly what `target-kit validate` would say).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { PlacedProblem } from './diagnostics.js';

export interface CodeEditorHandle {
  goTo(line: number, column: number): void;
}

interface CodeEditorProps {
  initialText: string;
  onChange: (text: string) => void;
  /** Problems placed in `problemsText`; shown only while the document is that text. */
  problems: readonly PlacedProblem[];
  problemsText: string;
  lang: 'zh' | 'en';
}

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid #e5e7eb', borderRadius: '8px', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '2px solid #91caff' },
  '.cm-scroller': { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'WenQuanYi Micro Hei', monospace", minHeight: '420px', maxHeight: '64vh' },
  '.cm-gutters': { backgroundColor: '#fafbfc', borderRight: '1px solid #eef0f3', borderRadius: '8px 0 0 8px' },
});

function offsetOf(state: EditorState, line: number, column: number): number {
  const l = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

export const CodeEditor = forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(
  { initialText, onChange, problems, problemsText, lang },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          json(),
          lintGutter(),
          theme,
          EditorView.lineWrapping,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) change.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The document is created once per file; later text comes from the user.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() !== problemsText) return;
    const diagnostics: Diagnostic[] = problems.map(({ problem, line, column }) => {
      const from = offsetOf(editor.state, line, column);
      const to = editor.state.doc.lineAt(from).to;
      return {
        from,
        to: Math.max(from, to),
        severity: problem.severity === 'error' ? 'error' : 'warning',
        message: `${problem.message[lang]} [${problem.code}]`,
      };
    });
    editor.dispatch(setDiagnostics(editor.state, diagnostics));
  }, [problems, problemsText, lang]);

  useImperativeHandle(ref, () => ({
    goTo(line, column) {
      const editor = view.current;
      if (!editor) return;
      const at = offsetOf(editor.state, line, column);
      editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      editor.focus();
    },
  }));

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
});
