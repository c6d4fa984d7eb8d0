package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
)

var (
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
)

// wrap turns a handler func into one that takes and returns JSON, checking its signature once at start.
func wrap(handler interface{}) (func(context.Context, []byte) ([]byte, error), error) {
	if handler == nil {
		return nil, fmt.Errorf("handler is nil")
	}
	fn := reflect.ValueOf(handler)
	t := fn.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("handler kind %s is not %s", t.Kind(), reflect.Func)
	}
	takesContext := t.NumIn() > 0 && t.In(0).Implements(contextType)
	if t.NumIn() > 2 || (t.NumIn() == 2 && !takesContext) {
		return nil, fmt.Errorf("handlers may not take more than two arguments, and with two the first must be a context.Context")
	}
	if t.NumOut() > 2 || (t.NumOut() == 2 && !t.Out(1).Implements(errorType)) {
		return nil, fmt.Errorf("handlers may return at most a value and an error, the error last")
	}
	return func(ctx context.Context, payload []byte) ([]byte, error) {
		var args []reflect.Value
		if takesContext {
			args = append(args, reflect.ValueOf(ctx))
		}
		if t.NumIn() == len(args)+1 {
			event := reflect.New(t.In(t.NumIn() - 1))
			if err := json.Unmarshal(payload, event.Interface()); err != nil {
				return nil, err
			}
			args = append(args, event.Elem())
		}
		results := fn.Call(args)
		if n := len(results); n > 0 && t.Out(n-1).Implements(errorType) {
			if err, _ := results[n-1].Interface().(error); err != nil {
				return nil, err
			}
			results = results[:n-1]
		}
		if len(results) == 0 {
			return []byte("null"), nil
		}
		return json.Marshal(results[0].Interface())
	}, nil
}
