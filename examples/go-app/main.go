// A Go function for provided.al2023: reads an S3 put event and reports the objects it would process.
// Built as SAM builds it: GOOS=linux GOARCH=<architecture> CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

type Plan struct {
	Stage   string   `json:"stage"`
	Objects []string `json:"objects"`
	Skipped []string `json:"skipped"`
}

func handle(ctx context.Context, event events.S3Event) (Plan, error) {
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
