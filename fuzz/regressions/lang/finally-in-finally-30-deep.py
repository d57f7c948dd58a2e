# try/finally nested in finally blocks 30 deep: each level doubled the
# code compiled (a finally compiles once for each way out of its try)
x = 0
try:
    x += 1
finally:
    try:
        x += 1
    finally:
        try:
            x += 1
        finally:
            try:
                x += 1
            finally:
                try:
                    x += 1
                finally:
                    try:
                        x += 1
                    finally:
                        try:
                            x += 1
                        finally:
                            try:
                                x += 1
                            finally:
                                try:
                                    x += 1
                                finally:
                                    try:
                                        x += 1
                                    finally:
                                        try:
                                            x += 1
                                        finally:
                                            try:
                                                x += 1
                                            finally:
                                                try:
                                                    x += 1
                                                finally:
                                                    try:
                                                        x += 1
                                                    finally:
                                                        try:
                                                            x += 1
                                                        finally:
                                                            try:
                                                                x += 1
                                                            finally:
                                                                try:
                                                                    x += 1
                                                                finally:
                                                                    try:
                                                                        x += 1
                                                                    finally:
                                                                        try:
                                                                            x += 1
                                                                        finally:
                                                                            try:
                                                                                x += 1
                                                                            finally:
                                                                                try:
                                                                                    x += 1
                                                                                finally:
                                                                                    try:
                                                                                        x += 1
                                                                                    finally:
                                                                                        try:
                                                                                            x += 1
                                                                                        finally:
                                                                                            try:
                                                                                                x += 1
                                                                                            finally:
                                                                                                try:
                                                                                                    x += 1
                                                                                                finally:
                                                                                                    try:
                                                                                                        x += 1
                                                                                                    finally:
                                                                                                        try:
                                                                                                            x += 1
                                                                                                        finally:
                                                                                                            try:
                                                                                                                x += 1
                                                                                                            finally:
                                                                                                                try:
                                                                                                                    x += 1
                                                                                                                finally:
                                                                                                                    try:
                                                                                                                        x += 1
                                                                                                                    finally:
                                                                                                                        x += 1
