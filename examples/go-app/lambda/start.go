// Package lambda is a small standard-library Lambda Runtime API client with the shape of
// github.com/aws/aws-lambda-go/lambda: Start(handler) serves invocations until the process ends.
// A project with network access uses github.com/aws/aws-lambda-go instead; the local runtime builds both alike.
package lambda

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"runtime/debug"
	"strconv"
	"time"
)

// InvocationContext is what the Runtime API tells about one invocation.
type InvocationContext struct {
	AwsRequestID       string
	InvokedFunctionArn string
}

type contextKey struct{}

// FromContext returns the invocation details stored in a handler's context.
func FromContext(ctx context.Context) (*InvocationContext, bool) {
	lc, ok := ctx.Value(contextKey{}).(*InvocationContext)
	return lc, ok
}

type errorBody struct {
	ErrorMessage string       `json:"errorMessage"`
	ErrorType    string       `json:"errorType"`
	StackTrace   []stackFrame `json:"stackTrace,omitempty"`
}

type stackFrame struct {
	Path  string `json:"path"`
	Line  int32  `json:"line"`
	Label string `json:"label"`
}

// Start serves invocations with handler, a func with the signatures lambda.Start accepts:
// func(), func(TIn), func(context.Context, TIn), returning nothing, error, TOut or (TOut, error).
func Start(handler interface{}) {
	api := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	if api == "" {
		fmt.Fprintln(os.Stderr, "AWS_LAMBDA_RUNTIME_API is not set: this program runs as a Lambda function")
		os.Exit(1)
	}
	call, err := wrap(handler)
	base := "http://" + api + "/2018-06-01/runtime"
	if err != nil {
		post(base+"/init/error", errorBody{ErrorMessage: err.Error(), ErrorType: "Runtime.InvalidHandler"})
		os.Exit(1)
	}
	for {
		res, err := http.Get(base + "/invocation/next")
		if err != nil {
			fmt.Fprintln(os.Stderr, "Runtime API unreachable:", err)
			os.Exit(1)
		}
		payload, _ := io.ReadAll(res.Body)
		res.Body.Close()
		id := res.Header.Get("Lambda-Runtime-Aws-Request-Id")
		deadline, _ := strconv.ParseInt(res.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64)
		os.Setenv("_X_AMZN_TRACE_ID", res.Header.Get("Lambda-Runtime-Trace-Id"))
		lc := &InvocationContext{AwsRequestID: id, InvokedFunctionArn: res.Header.Get("Lambda-Runtime-Invoked-Function-Arn")}
		ctx, cancel := context.WithDeadline(context.WithValue(context.Background(), contextKey{}, lc), time.UnixMilli(deadline))
		response, failure, panicked := invoke(ctx, call, payload)
		cancel()
		if failure != nil {
			post(base+"/invocation/"+id+"/error", *failure)
			if panicked {
				os.Exit(2)
			}
			continue
		}
		post(base+"/invocation/"+id+"/response", json.RawMessage(response))
	}
}

func invoke(ctx context.Context, call func(context.Context, []byte) ([]byte, error), payload []byte) (out []byte, failure *errorBody, panicked bool) {
	defer func() {
		if value := recover(); value != nil {
			failure = &errorBody{ErrorMessage: fmt.Sprint(value), ErrorType: typeName(value), StackTrace: []stackFrame{}}
			fmt.Fprintf(os.Stderr, "panic: %v\n%s", value, debug.Stack())
			panicked = true
		}
	}()
	out, err := call(ctx, payload)
	if err != nil {
		return nil, &errorBody{ErrorMessage: err.Error(), ErrorType: typeName(err)}, false
	}
	return out, nil, false
}

func typeName(value interface{}) string {
	t := reflect.TypeOf(value)
	if t.Kind() == reflect.Ptr {
		return t.Elem().Name()
	}
	return t.Name()
}

func post(url string, body interface{}) {
	data, err := json.Marshal(body)
	if err != nil {
		data, _ = json.Marshal(errorBody{ErrorMessage: err.Error(), ErrorType: typeName(err)})
	}
	res, err := http.Post(url, "application/json", bytes.NewReader(data))
	if err != nil {
		fmt.Fprintln(os.Stderr, "Runtime API unreachable:", err)
		os.Exit(1)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
}
