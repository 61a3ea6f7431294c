import { FormEvent, useId, useState } from 'react';
import { t } from '../../i18n';

const a = t.admin;

/** A search box that applies on Enter or the button (not on every key, which would page the server). */
export function SearchForm({ value, onSearch, placeholder }: { value: string; onSearch: (value: string) => void; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState(value);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return (
    <form className="search-form" role="search" onSubmit={submit}>
      <label htmlFor={id}>{a.list.search}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder ?? a.list.searchPlaceholder}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button secondary">
        {a.list.find}
      </button>
      {value && (
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            setText('');
            onSearch('');
          }}
        >
          {a.list.reset}
        </button>
      )}
    </form>
  );
}
