using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Threadwise.Baselines
{
    /// <summary>
    /// A minimal JSON reader and string writer for the baseline file. The analyzer assembly cannot bring System.Text.Json
    /// into every compiler and IDE that loads it, and the format is small: objects become dictionaries, arrays lists,
    /// numbers doubles.
    /// </summary>
    internal sealed class BaselineJson
    {
        private readonly string _text;
        private int _position;

        private BaselineJson(string text) => _text = text;

        /// <summary>Parses one JSON value; throws <see cref="FormatException"/> with a position on malformed input.</summary>
        public static object? Parse(string text)
        {
            var reader = new BaselineJson(text);
            reader.SkipWhitespace();
            if (reader._position < text.Length && text[reader._position] == '\uFEFF')
            {
                reader._position++;
            }

            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position != text.Length)
            {
                throw reader.Error("unexpected text after the JSON value");
            }

            return value;
        }

        public static void WriteString(StringBuilder builder, string value)
        {
            builder.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            builder.Append('"');
        }

        private object? ReadValue(int depth)
        {
            if (depth > 64)
            {
                throw Error("nested too deeply");
            }

            SkipWhitespace();
            if (_position >= _text.Length)
            {
                throw Error("unexpected end of the file");
            }

            switch (_text[_position])
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return ReadString();
                case 't': Expect("true"); return true;
                case 'f': Expect("false"); return false;
                case 'n': Expect("null"); return null;
                default: return ReadNumber();
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name");
                }

                var name = ReadString();
                SkipWhitespace();
                if (Peek() != ':')
                {
                    throw Error("expected ':'");
                }

                _position++;
                result[name] = ReadValue(depth + 1);
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == '}')
                {
                    return result;
                }

                if (next != ',')
                {
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            _position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return result;
            }

            while (true)
            {
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
                var next = Peek();
                _position++;
                if (next == ']')
                {
                    return result;
                }

                if (next != ',')
                {
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            var builder = new StringBuilder();
            _position++; // opening quote
            while (true)
            {
                if (_position >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = _text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_position >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                var escape = _text[_position++];
                switch (escape)
                {
                    case '"': builder.Append('"'); break;
                    case '\\': builder.Append('\\'); break;
                    case '/': builder.Append('/'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        if (_position + 4 > _text.Length ||
                            !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default:
                        throw Error("invalid escape");
                }
            }
        }

        private double ReadNumber()
        {
            var start = _position;
            while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
            {
                _position++;
            }

            if (start == _position ||
                !double.TryParse(_text.Substring(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                _position = start;
                throw Error("unexpected character");
            }

            return number;
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
            {
                throw Error("unexpected character");
            }

            _position += word.Length;
        }

        private char Peek() => _position < _text.Length ? _text[_position] : '\0';

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
            }
        }

        private FormatException Error(string what)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < _position && i < _text.Length; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            return new FormatException($"invalid JSON at line {line}, column {column}: {what}");
        }
    }
}
