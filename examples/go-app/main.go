// A Go function for provided.al2023: reads an S3 put event and reports the objects it would process.
//
// The lambda package beside this file is a small standard-library stand-in for github.com/aws/aws-lambda-go/lambda
// with the same Start(handler). With network access, replace the import by "github.com/aws/aws-lambda-go/lambda",
// run `go mod tidy`, and the local runtime builds it the same way (module-aware, -tags lambda.norpc, output
// `bootstrap`), from the module cache or vendor/.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"example.com/go-app/lambda"
)

type S3Event struct {
	Records []struct {
		S3 struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key  string `json:"key"`
				Size int64  `json:"size"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
}

type Plan struct {
	Stage   string   `json:"stage"`
	Objects []string `json:"objects"`
	Skipped []string `json:"skipped"`
}

func handle(ctx context.Context, event S3Event) (Plan, error) {
	plan := Plan{Stage: os.Getenv("STAGE"), Objects: []string{}, Skipped: []string{}}
	if len(event.Records) == 0 {
		return plan, fmt.Errorf("the event has no Records: send an S3 notification")
	}
	for _, record := range event.Records {
		name := record.S3.Bucket.Name + "/" + record.S3.Object.Key
		if !strings.HasSuffix(strings.ToLower(record.S3.Object.Key), ".jpg") {
			plan.Skipped = append(plan.Skipped, name)
			continue
		}
		fmt.Printf("will process %s (%d bytes)\n", name, record.S3.Object.Size)
		plan.Objects = append(plan.Objects, name)
	}
	return plan, nil
}

func main() {
	lambda.Start(handle)
}
