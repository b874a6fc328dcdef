import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useDebounced } from '../lib/useDebounced';

interface Props {
  value: string;
  onSearch: (v: string) => void;
  placeholder: string;
  width?: number;
}

// Searches while typing (debounced). The box keeps its own text so that no keystroke is lost
// to the round trip; it only takes `value` from outside when that is not what it last sent
// (filters cleared, Back pressed).
export function SearchBox({ value, onSearch, placeholder, width = 320 }: Props) {
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 300);
  const sent = useRef(value);
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });
  useEffect(() => {
    if (debounced === sent.current) return;
    sent.current = debounced;
    search.current(debounced);
  }, [debounced]);
  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(value);
  }, [value]);
  return (
    <Input
      allowClear
      prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onPressEnter={() => {
        sent.current = text;
        onSearch(text);
      }}
      style={{ width }}
      data-testid="quick-search"
    />
  );
}
